import { createContext, useContext } from "react";

export type Session = { permissions: ReadonlySet<string>; signedOut: () => void; refresh: () => void };

export const SessionContext = createContext<Session>({ permissions: new Set(), signedOut: () => {}, refresh: () => {} });

export function useSession(): Session {
  return useContext(SessionContext);
}

/** Whether the viewer's role has `permission`: buttons the server would refuse are not shown. */
export function useCan(permission: string): boolean {
  return useSession().permissions.has(permission);
}
