import { KefuError } from '@kefu/shared';

/**
 * An edit based on a revision that is no longer the latest: someone else saved in between. The
 * body carries the current revision so the console can show it and let the person merge.
 */
export class StaleRevisionError extends KefuError {
  constructor(baseRevision: number, currentRevision: unknown) {
    super(409, 'stale_revision', `revision ${baseRevision} is not the latest; reload and apply your change again`, { currentRevision });
  }
}
