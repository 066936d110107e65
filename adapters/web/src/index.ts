export { WebAdapter } from './web-adapter';
export { PushHub, LocalBroadcaster, recipientKey } from './push-hub';
export type { FrameBroadcaster, FrameSocket } from './push-hub';
export { attachWebSocketServer, SESSION_REVOKED_CLOSE_CODE } from './websocket-server';
export type { WebSocketAuth } from './websocket-server';
export { issueSessionToken, verifySessionToken } from './session-token';
export type { WebSessionClaims } from './session-token';
export { signShopperToken, verifyShopperToken } from './shopper-token';
export type { ShopperClaims } from './shopper-token';
