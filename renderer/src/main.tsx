import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { blockReloadKeys } from './kiosk-keys';
import './i18n';
import './styles.css';
import { connect, TRPCProvider } from './trpc';

blockReloadKeys(window);
const connection = connect();
const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } },
});
const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element.');

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={connection.client} queryClient={queryClient}>
        <App connection={connection} />
      </TRPCProvider>
    </QueryClientProvider>
  </StrictMode>,
);
