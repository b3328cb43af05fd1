import type { Role } from '../../../main/contract/index.js';

export const ROLE_LABELS: Record<Role, string> = {
  viewer: 'Viewer (sees sites, events and alerts)',
  operator: 'Operator (also acknowledges and resolves)',
  technician: 'Technician (also edits maps, sources and alert rules)',
  admin: 'Admin (also creates sites, manages users and settings)',
};
