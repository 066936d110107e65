import type { PropsWithChildren } from 'react';

// Required by Taro's entry discovery; native-components mode drops the app itself from the output.
function App({ children }: PropsWithChildren): PropsWithChildren['children'] {
  return children;
}

export default App;
