// The prefectures and municipalities of master data (GET /public/areas),
// and the prefecture picker the national office's area reports share.
import { useEffect, useState } from 'react';
import { api, call } from '../api/client';
import type { paths } from '../api/schema';
import { Field, Select } from './ui';

export type Area = paths['/public/areas']['get']['responses'][200]['content']['application/json']['items'][number];

/** The prefectures with their municipalities, read once when `wanted`. */
export function useAreas(wanted = true): Area[] {
  const [areas, setAreas] = useState<Area[]>([]);
  useEffect(() => {
    if (wanted) call(api.GET('/public/areas')).then((a) => setAreas(a.items));
  }, [wanted]);
  return areas;
}

/** 都道府県: the prefecture a national report is shown for. */
export function PrefectureSelect({ areas, value, onChange }: { areas: Area[]; value: string; onChange: (pref: string) => void }) {
  return (
    <Field label="都道府県" name="pref">
      {(p) => (
        <Select {...p} value={value} onChange={(e) => onChange(e.target.value)}>
          {areas.map((a) => (
            <option key={a.code} value={a.code}>
              {a.name}
            </option>
          ))}
        </Select>
      )}
    </Field>
  );
}
