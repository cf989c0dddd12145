// The vaccine master as the screens pick from it: its codes and names,
// read once per screen, and the select that offers them.
import { useEffect, useState } from 'react';
import { api, call } from '../api/client';
import { Select } from './ui';

export type Vaccine = { code: string; name: string };

/** The vaccines of the master (empty until read). */
export function useVaccines() {
  const [items, setItems] = useState<Vaccine[]>([]);
  useEffect(() => {
    void call(api.GET('/vaccines')).then((v) => setItems(v.items.map((p) => ({ code: p.code, name: p.name }))));
  }, []);
  return items;
}

/** The vaccines of the master as a select's options, after a first option. */
export function VaccineSelect({ vaccines, value, onChange, first, ...rest }: { vaccines: Vaccine[]; value: string; onChange: (v: string) => void; first: string; id?: string; name?: string; className?: string }) {
  return (
    <Select {...rest} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{first}</option>
      {vaccines.map((v) => (
        <option key={v.code} value={v.code}>
          {v.name}
        </option>
      ))}
    </Select>
  );
}

