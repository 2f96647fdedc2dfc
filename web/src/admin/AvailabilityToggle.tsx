import { useMutation } from '@tanstack/react-query';
import type { Me } from '@contract/auth';
import { settingsApi } from './settings/settings-api';

interface Props {
  agent: Me;
  onChanged(agent: Me): void;
  onError(message: string | null): void;
}

/** Available / away in the header: automatic assignment gives chats only to available agents. */
export function AvailabilityToggle({ agent, onChanged, onError }: Props) {
  const away = agent.availability === 'away';
  const change = useMutation({
    mutationFn: () => settingsApi.changeMe({ availability: away ? 'available' : 'away' }),
    onSuccess: ({ agent: changed }) => {
      onError(null);
      onChanged(changed);
    },
    onError: (err) => onError(err.message),
  });
  return (
    <button
      type="button"
      className={`btn link availability${away ? ' away' : ''}`}
      aria-pressed={!away}
      disabled={change.isPending}
      title={away ? 'You are away: no new chats are given to you. Press to be available.' : 'You are available for new chats. Press to be away.'}
      onClick={() => change.mutate()}
    >
      <span className="availability-dot" aria-hidden="true" />
      {away ? 'Away' : 'Available'}
    </button>
  );
}
