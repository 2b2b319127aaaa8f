import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { graphql } from '../gql';
import { request } from './api';
import { accessToken, beginSignIn, forgetToken } from './auth';

const ME = graphql(`
  query PortalMe {
    me {
      kind
      name
      familyName
      fiscalCode
      email
    }
  }
`);

export interface Citizen {
  displayName: string;
  fiscalCode: string;
  email: string | null;
}

interface Session {
  /** The signed-in citizen, once the api confirmed the token. */
  citizen?: Citizen;
  /** True while the token is being checked. */
  loading: boolean;
  signIn(returnTo?: string): Promise<void>;
  signOut(): void;
  refresh(): void;
}

const SessionContext = createContext<Session | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [citizen, setCitizen] = useState<Citizen>();
  const [loading, setLoading] = useState(() => Boolean(accessToken()));
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (!accessToken()) {
      setCitizen(undefined);
      setLoading(false);
      return;
    }
    let live = true;
    setLoading(true);
    request(ME)
      .then(({ me }) => {
        if (!live) return;
        setCitizen(
          me.kind === 'citizen' && me.fiscalCode
            ? {
                displayName: [me.name, me.familyName].filter(Boolean).join(' ') || me.fiscalCode,
                fiscalCode: me.fiscalCode,
                email: me.email ?? null,
              }
            : undefined,
        );
      })
      .catch(() => live && setCitizen(undefined))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [generation]);
  const signIn = useCallback(
    (returnTo = window.location.pathname + window.location.search) => beginSignIn(returnTo),
    [],
  );
  const signOut = useCallback(() => {
    forgetToken();
    setGeneration((value) => value + 1);
  }, []);
  const refresh = useCallback(() => setGeneration((value) => value + 1), []);
  return (
    <SessionContext.Provider value={{ citizen, loading, signIn, signOut, refresh }}>
      {children}
    </SessionContext.Provider>
  );
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
