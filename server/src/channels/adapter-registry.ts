import type { ChannelAdapter, Platform } from '@kefu/shared';

/** Adapters are providers registered by platform id; the core never imports one by path. */
export class AdapterRegistry {
  private readonly adapters = new Map<Platform, ChannelAdapter>();

  register(adapter: ChannelAdapter): void {
    this.adapters.set(adapter.platform, adapter);
  }

  find(platform: Platform): ChannelAdapter | undefined {
    return this.adapters.get(platform);
  }

  get(platform: Platform): ChannelAdapter {
    const adapter = this.adapters.get(platform);
    if (!adapter) throw new Error(`no adapter registered for platform ${platform}`);
    return adapter;
  }
}
