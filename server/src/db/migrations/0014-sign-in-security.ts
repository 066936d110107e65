import { DataTypes, type QueryInterface } from 'sequelize';
import { columnKit, removeColumnKeepingRows } from './column-helpers';
import type { Migration } from './migration';

/**
 * Revocable sign-ins (issue 17).
 * - users.token_version: every console token carries the version it was issued under; bumping it
 *   (sign out everywhere, password change or reset, disable) invalidates them all at once.
 * - users.must_change_password: set by an admin's reset; the temporary password only opens the
 *   change-password route.
 * - console_token_revocations: logout of one token (by its random id) while the user's other
 *   sessions live on; rows are useless after the token's own expiry and are pruned then.
 * - channel_identities.sessions_revoked_at: web/mini-program session tokens issued before it are refused.
 */
async function up(qi: QueryInterface): Promise<void> {
  const c = columnKit(qi);
  await qi.addColumn('users', 'token_version', { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 });
  await qi.addColumn('users', 'must_change_password', { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false });
  await qi.createTable('console_token_revocations', {
    token_id: { type: DataTypes.STRING(32), primaryKey: true, allowNull: false },
    tenant_id: c.ref('tenants'),
    user_id: c.ref('users'),
    expires_at: { type: DataTypes.DATE(3), allowNull: false },
    ...c.createdOnly(),
  });
  await qi.addIndex('console_token_revocations', ['expires_at'], { name: 'console_token_revocations_expires' });
  await qi.addColumn('channel_identities', 'sessions_revoked_at', { type: DataTypes.DATE(3), allowNull: true });
}

async function down(qi: QueryInterface): Promise<void> {
  await removeColumnKeepingRows(qi, 'channel_identities', 'sessions_revoked_at');
  await qi.dropTable('console_token_revocations');
  await removeColumnKeepingRows(qi, 'users', 'must_change_password');
  await removeColumnKeepingRows(qi, 'users', 'token_version');
}

export const signInSecurity: Migration = { name: '0014-sign-in-security', up, down };
