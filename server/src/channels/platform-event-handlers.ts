import type { Platform } from '@kefu/shared';
import type { PlatformEventHandler } from './platform-event-handler';
import { handleWecomKfEvent } from './wecom-kf-events';

/**
 * One handler per platform, registered by the adapter's owner: add a line here. Events of platforms
 * without a handler are acknowledged and dropped (after de-duplication), never an error.
 */
export const platformEventHandlers: Partial<Record<Platform, PlatformEventHandler>> = {
  'wecom-kf': handleWecomKfEvent,
};

export function registerPlatformEventHandler(platform: Platform, handler: PlatformEventHandler): void {
  platformEventHandlers[platform] = handler;
}
