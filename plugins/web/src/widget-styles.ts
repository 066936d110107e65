/**
 * The widget's own CSS, scoped by the Shadow DOM. `:host { all: initial }` also cuts off the
 * inherited properties (font, colour, line-height) host pages set on body.
 */
export const launcherStyles = `
:host { all: initial; }
.launcher { position: fixed; right: 24px; bottom: 24px; z-index: 2147483000; width: 56px; height: 56px; border-radius: 28px; border: none;
  background: #0052d9; color: #fff; font-size: 26px; line-height: 56px; text-align: center; cursor: pointer; box-shadow: 0 4px 16px rgba(0,0,0,.2); padding: 0; }
.launcher[hidden], .panel[hidden] { display: none; }
.panel { position: fixed; right: 24px; bottom: 24px; z-index: 2147483000; width: 380px; height: 600px; max-width: calc(100vw - 32px); max-height: calc(100vh - 48px);
  display: flex; flex-direction: column; background: #fff; border-radius: 12px; overflow: hidden; box-shadow: 0 8px 32px rgba(0,0,0,.25);
  font: 14px/1.4 -apple-system, "PingFang SC", "Noto Sans CJK SC", sans-serif; color: #1f2329; }
.header { display: flex; align-items: center; justify-content: space-between; padding: 10px 14px; background: #0052d9; color: #fff; font-weight: 600; }
.close { border: none; background: transparent; color: #fff; font-size: 22px; line-height: 1; cursor: pointer; padding: 0 4px; }
.frame { flex: 1; width: 100%; border: 0; }
`;
