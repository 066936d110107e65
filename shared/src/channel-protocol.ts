import type { z } from 'zod';
import type { InboundMessage, OutboundMessage, Platform } from './messages';
import type { RenderedOutbound } from './reply-parts';
import type { SendCapabilities } from './send-capabilities';

/**
 * The shape every `adapters/<platform>` package exports (architecture.md: verify → parse → enqueue;
 * one small `send` per platform). Protocols are pure translators: they never import the core, and
 * they receive everything they need (config, a shared cache, fetch, the clock) as arguments, so they
 * are tested against local servers speaking the platform's documented API.
 */

/** An HTTP request as the webhook route saw it. Header names are lower-case; the raw body is kept for signatures. */
export interface WebhookRequest {
  method: 'GET' | 'POST';
  query: Record<string, string>;
  headers: Record<string, string>;
  rawBody: Buffer;
  receivedAt: Date;
}

/** What the webhook route answers the platform with. */
export interface WebhookResponse {
  status: number;
  contentType?: string;
  body: string;
}

export type VerifyResult = { ok: true } | { ok: false; status: 400 | 401 | 403; reason: string };

/** A platform event that is not a shopper message: a Lark card button, a WeCom session change, a sync cursor. */
export interface PlatformEvent {
  kind: string;
  /** Stable id used to drop duplicate deliveries (event_id, MsgId, …). */
  eventId: string;
  payload: Record<string, unknown>;
}

export interface ParsedWebhook {
  messages: InboundMessage[];
  events: PlatformEvent[];
  /** The acknowledgement sent when no passive reply is sent ('success', '', a JSON body, …). */
  ack: WebhookResponse;
  /** Present when the platform takes a reply in the HTTP response itself (WeChat: within 5 s). */
  passiveReply?: {
    /** How long the route may wait for the pipeline's answer before acknowledging instead. */
    deadlineMs: number;
    render(reply: OutboundMessage): WebhookResponse;
  };
}

/** A small cache shared by every process of a deployment (Redis in production): access tokens, cursors. */
export interface SharedCache {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  /** Runs `refresh` in at most one process at a time for `key`; others wait and then read the cache. */
  withLock<T>(key: string, ttlSeconds: number, refresh: () => Promise<T>): Promise<T>;
}

export interface SendContext<Config> {
  config: Config;
  cache: SharedCache;
  fetch: typeof fetch;
  now(): Date;
}

/** Like DeliveryResult, plus whether trying again could help (network error, rate limit) or not (45015: outside the 48-hour window). */
export type ProtocolDeliveryResult =
  | { status: 'sent'; platformMessageId?: string }
  | { status: 'failed'; reason: string; retryable: boolean; code?: string };

/** Limits the base outbound flow enforces before calling `send`. */
export interface SendingRules {
  /** Free-form replies are allowed only this long after the shopper's last message (WeChat: 48). */
  replyWindowHours?: number;
  /** Most replies per shopper message inside the window, when the platform caps it (when the platform documents one). */
  repliesPerInbound?: number;
  /** Per-account send rate the outbound queue is limited to. */
  maxSendsPerSecond?: number;
  /**
   * Every send must name a shopper message it answers (Douyin's reply API has no free-form send). A
   * reply that answers none (an agent's) is addressed to the conversation's latest shopper message.
   */
  repliesNameShopperMessage?: boolean;
}

export interface ChannelProtocol<Config = unknown> {
  readonly platform: Platform;
  /** Validates the channel account's stored credentials (stored encrypted in channel_accounts). Every schema accepts `apiBaseUrl`. */
  readonly configSchema: z.ZodType<Config>;
  readonly sendingRules: SendingRules;
  /** The message forms `send` implements, with the platform's limits; the core renders replies to these. */
  readonly sendCapabilities: SendCapabilities;
  /** URL-verification handshakes (WeChat's GET echostr, Douyin's challenge); null when the request is not one. */
  handshake?(request: WebhookRequest, config: Config): WebhookResponse | null;
  /** Signature, timestamp window and decryptability. Never throws on bad input: says why instead. */
  verify(request: WebhookRequest, config: Config): VerifyResult;
  /** Platform payload → shared vocabulary. Throws ProtocolError (→ 400) on a malformed payload. */
  parse(request: WebhookRequest, config: Config, channelAccountId: string): ParsedWebhook;
  /** Delivers `message.parts`, which use only the forms declared in sendCapabilities. */
  send(message: RenderedOutbound, context: SendContext<Config>): Promise<ProtocolDeliveryResult>;
  /**
   * Optional: the platform's out-of-window fallback (WeChat subscribe/template message). Returns null
   * when this account's config provides none, so the core marks the reply undeliverable instead.
   */
  sendOutsideWindow?(message: RenderedOutbound, context: SendContext<Config>): Promise<ProtocolDeliveryResult | null>;
}

/** A payload the platform should not have sent: answered 400 with the reason. */
export class ProtocolError extends Error {
  readonly __kefuProtocolError = true;
}

export function isProtocolError(error: unknown): error is ProtocolError {
  return typeof error === 'object' && error !== null && (error as { __kefuProtocolError?: unknown }).__kefuProtocolError === true;
}
