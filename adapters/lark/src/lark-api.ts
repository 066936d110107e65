import * as lark from '@larksuiteoapi/node-sdk';
import type { SharedCache } from '@kefu/shared';
import type { LarkConfig } from './lark-config';
import { larkHttpWithTimeout } from './lark-http-timeout';
import { sharedCacheForLarkSdk } from './sdk-token-cache';

const ignore = (): void => undefined;
const SILENT_SDK_LOGGER = { error: ignore, warn: ignore, info: ignore, debug: ignore, trace: ignore };

/** Long enough for a slow Lark answer, short enough that a stalled one does not hold the desk queue for long. */
export const LARK_REQUEST_TIMEOUT_MS = 10_000;

export type LarkCard = Record<string, unknown>;

/** A Lark API answer that was not code 0, with the platform's code and message. */
export class LarkApiError extends Error {
  constructor(
    readonly code: number | string,
    message: string,
    /** Rate limits (99991400) and server errors may pass on retry; bad ids and permissions will not. */
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** The few Lark IM calls the agent desk makes, through the official SDK pointed at `apiBaseUrl`. */
export class LarkApi {
  private readonly client: lark.Client;

  constructor(config: Pick<LarkConfig, 'appId' | 'appSecret' | 'apiBaseUrl' | 'requestTimeoutMs'>, cache: SharedCache) {
    this.client = new lark.Client({
      appId: config.appId,
      appSecret: config.appSecret,
      appType: lark.AppType.SelfBuild,
      domain: config.apiBaseUrl.replace(/\/$/, ''),
      cache: sharedCacheForLarkSdk(cache, config.apiBaseUrl),
      // Failures are thrown back to us as LarkApiError and reported by the caller; the SDK's own console logging would duplicate them.
      logger: SILENT_SDK_LOGGER,
      httpInstance: larkHttpWithTimeout(config.requestTimeoutMs ?? LARK_REQUEST_TIMEOUT_MS),
    });
  }

  /** Posts an interactive card to a chat; returns the card's message id (the thread root for replies). */
  async postCard(chatId: string, card: LarkCard, uuid?: string): Promise<string> {
    const response = await this.call(() =>
      this.client.im.v1.message.create({ params: { receive_id_type: 'chat_id' }, data: { receive_id: chatId, msg_type: 'interactive', content: JSON.stringify(card), uuid } }),
    );
    return requireMessageId(response);
  }

  /** Replaces a card we sent (PATCH /im/v1/messages/:id); the card must have config.update_multi to change for everyone. */
  async updateCard(messageId: string, card: LarkCard): Promise<void> {
    await this.call(() => this.client.im.v1.message.patch({ path: { message_id: messageId }, data: { content: JSON.stringify(card) } }));
  }

  /** Answers in a message's thread. */
  async replyText(messageId: string, text: string, uuid?: string): Promise<string> {
    const response = await this.call(() =>
      this.client.im.v1.message.reply({ path: { message_id: messageId }, data: { msg_type: 'text', content: JSON.stringify({ text }), reply_in_thread: true, uuid } }),
    );
    return requireMessageId(response);
  }

  async sendText(receiveIdType: 'open_id' | 'chat_id', receiveId: string, text: string, uuid?: string): Promise<string> {
    const response = await this.call(() =>
      this.client.im.v1.message.create({ params: { receive_id_type: receiveIdType }, data: { receive_id: receiveId, msg_type: 'text', content: JSON.stringify({ text }), uuid } }),
    );
    return requireMessageId(response);
  }

  /** The SDK throws on HTTP errors and returns {code, msg} on API errors; both become LarkApiError. */
  private async call<T extends { code?: number; msg?: string }>(request: () => Promise<T>): Promise<T> {
    let response: T;
    try {
      response = await request();
    } catch (error) {
      const httpError = error as { response?: { status?: number; data?: { code?: number; msg?: string } }; message?: string };
      const status = httpError.response?.status;
      const body = httpError.response?.data;
      if (body?.code !== undefined) throw new LarkApiError(body.code, `lark ${body.code}: ${body.msg ?? ''}`, status === 429 || (status ?? 0) >= 500);
      throw new LarkApiError(status ?? 'network', `lark request failed: ${httpError.message ?? String(error)}`, status === undefined || status === 429 || status >= 500);
    }
    if (response.code !== undefined && response.code !== 0) {
      throw new LarkApiError(response.code, `lark ${response.code}: ${response.msg ?? ''}`, response.code === 99991400);
    }
    return response;
  }
}

function requireMessageId(response: { data?: { message_id?: string } }): string {
  const id = response.data?.message_id;
  if (!id) throw new LarkApiError('no_message_id', 'lark answered without a message_id', false);
  return id;
}
