import type { Logger } from '../logger';
import type { Role } from '../auth/models';

/** Who is calling the console API, once authenticated. */
export interface ConsolePrincipal {
  kind: 'user' | 'api_key';
  id: number;
  tenantId: number;
  role: Role;
}

export interface KefuState {
  requestId: string;
  logger: Logger;
  principal?: ConsolePrincipal;
}
