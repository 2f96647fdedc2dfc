import { describe, expectTypeOf, it } from 'vitest';
import type { ClientEvents, DomainEventName } from '../../src/contract/events.js';
import type { DomainEvents } from '../../src/events/bus.js';

/** The typecheck is the test: what the server publishes is what the contract promises the inbox. */
describe('the live events contract', () => {
  it('has one payload per domain event, of the shape the server publishes', () => {
    expectTypeOf<DomainEventName>().toEqualTypeOf<keyof DomainEvents>();
    expectTypeOf<DomainEvents['message.created']>().toEqualTypeOf<ClientEvents['message.created']>();
    expectTypeOf<DomainEvents['message.status']>().toEqualTypeOf<ClientEvents['message.status']>();
    expectTypeOf<DomainEvents['chat.started']>().toEqualTypeOf<ClientEvents['chat.started']>();
    expectTypeOf<DomainEvents['chat.ended']>().toEqualTypeOf<ClientEvents['chat.ended']>();
    expectTypeOf<DomainEvents['chat.assigned']>().toEqualTypeOf<ClientEvents['chat.assigned']>();
  });
});
