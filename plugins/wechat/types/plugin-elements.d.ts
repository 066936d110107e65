// The plugin's public component as the host page uses it.
declare namespace JSX {
  interface IntrinsicElements {
    'kefu-chat': Record<string, never>;
  }
}
