// Who is signed in, read from GET /me (the cookie is invisible to scripts,
// so the server is asked). Every 401 of any call signs the screen out.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { api, call, type Schemas } from '../api/client';

export type Me = Schemas['Account'];

async function loadMe(): Promise<Me> {
  return call(api.GET('/me'));
}

type SessionState = {
  me: Me | null;
  loading: boolean;
  refresh: () => Promise<Me | null>;
  signedOut: () => void;
};

const Ctx = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);
  const refresh = useCallback(async () => {
    try {
      const m = await loadMe();
      setMe(m);
      return m;
    } catch {
      setMe(null);
      return null;
    } finally {
      setLoading(false);
    }
  }, []);
  const signedOut = useCallback(() => setMe(null), []);
  useEffect(() => {
    void refresh();
    const off = () => setMe(null);
    window.addEventListener('vsys:signed-out', off);
    return () => window.removeEventListener('vsys:signed-out', off);
  }, [refresh]);
  return <Ctx.Provider value={{ me, loading, refresh, signedOut }}>{children}</Ctx.Provider>;
}

export function useSession(): SessionState {
  const s = useContext(Ctx);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

export const ROLE_LABEL: Record<string, string> = {
  national: '国',
  prefecture: '都道府県',
  municipality: '市区町村',
  site: '医療機関・接種会場',
  workplace: '職域接種会場',
  aggregator: '取りまとめ機関',
  call_centre: 'コールセンター',
  wholesaler: '卸業者',
};
