import { ERROR_TABLE, kindOf, kindOfStatus, problemOf, SERVER_ERROR_DETAIL } from '../../src/errors/errorTable';
import { InputError, InternalError, KnowledgeError, RateLimitedError, RefusedError } from '../../src/errors/errors';

describe('the error table', () => {
  it('maps each kind to a status, an exit code and an apology', () => {
    expect(ERROR_TABLE.input).toEqual({ status: 400, title: 'Bad Request', exitCode: 2, apology: 'chat.error' });
    expect(ERROR_TABLE['rate-limited'].status).toBe(429);
    expect(ERROR_TABLE['unsupported-media-type'].status).toBe(415);
    expect(ERROR_TABLE.internal).toMatchObject({ status: 500, exitCode: 1 });
    expect(ERROR_TABLE.knowledge).toMatchObject({ status: 500, exitCode: 1 });
  });

  it('knows an error by its class, never by its message', () => {
    expect(kindOf(new InputError('internal failure'))).toBe('input');
    expect(kindOf(new RefusedError('forbidden', 'not found'))).toBe('forbidden');
    expect(kindOf(new RateLimitedError(3))).toBe('rate-limited');
    expect(kindOf(new KnowledgeError('bad', ['x']))).toBe('knowledge');
    expect(kindOf(new Error('Bad Request: input error'))).toBe('internal');
    expect(kindOf('a string')).toBe('internal');
    expect(kindOfStatus(413)).toBe('too-large');
    expect(kindOfStatus(418)).toBe('input');
  });

  it('never puts the message of a server-side error in a problem body', () => {
    const leaky = 'ENOENT: /srv/bot/data/state.db\n    at Object.openSync (node:fs:573:3)';
    expect(problemOf(kindOf(new InternalError(leaky)), leaky)).toEqual({ type: 'about:blank', status: 500, title: 'Internal Server Error', detail: SERVER_ERROR_DETAIL });
    expect(problemOf(kindOf(new TypeError(leaky)), leaky).detail).not.toContain('state.db');
    expect(problemOf('input', 'text: must not be empty')).toMatchObject({ status: 400, detail: 'text: must not be empty' });
  });
});
