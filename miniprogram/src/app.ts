import type { PropsWithChildren } from 'react';
import './app.css';

/** The app shell: the chat page is the only page, so the shell only carries the global styles. */
function App({ children }: PropsWithChildren): PropsWithChildren['children'] {
  return children;
}

export default App;
