export { wecomKfProtocol } from './wecom-kf-protocol';
export { wecomKfConfigSchema, WECOM_API_BASE_URL, type WecomKfConfig } from './wecom-kf-config';
export { syncKfMessages, cursorKey, kfOfCustomerKey, type SyncResult } from './sync-messages';
export { getServiceState, transferServiceState } from './send-message';
export { callWecomApi, type WecomContext } from './access-token';
