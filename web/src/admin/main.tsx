import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../shared/base.css';
import './inbox.css';
import './messages.css';
import { App } from './App';

/**
 * The live events keep the cache current and refetch what they change, so the cache does not refetch on
 * its own when the window regains focus or the network returns (the event stream's reconnect does).
 * An error shows at once, as the agent may act on it; nothing is retried behind their back.
 */
const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false },
    mutations: { retry: false },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
