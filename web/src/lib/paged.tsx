// One paged list (every list of the API answers { items, next_cursor }):
// the first page, then "さらに表示" while there is more. When the filters
// change while a page is on its way, only the answer of the latest ones is
// shown (a slower answer of the earlier filters must not overwrite it).
import { useEffect, useRef, useState } from 'react';
import { Button } from '../components/ui';

export function usePaged<T>(load: (cursor?: string) => Promise<{ items: T[]; next_cursor?: string | null }>, deps: unknown[]) {
  const [items, setItems] = useState<T[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const generation = useRef(0);
  const reload = async () => {
    const mine = ++generation.current;
    const p = await load();
    if (mine !== generation.current) return;
    setItems(p.items);
    setCursor(p.next_cursor ?? null);
  };
  const more = async () => {
    const mine = generation.current;
    const p = await load(cursor ?? undefined);
    if (mine !== generation.current) return;
    setItems([...(items ?? []), ...p.items]);
    setCursor(p.next_cursor ?? null);
  };
  useEffect(() => {
    setItems(null);
    void reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return { items, cursor, more, reload };
}

export function More({ cursor, more }: { cursor: string | null; more: () => Promise<void> }) {
  return cursor ? (
    <div className="mt-4">
      <Button type="button" variant="outline" onClick={() => void more()}>
        さらに表示
      </Button>
    </div>
  ) : null;
}

