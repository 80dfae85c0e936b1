import { isRedisConnectionError } from './redis-availability';

describe('isRedisConnectionError', () => {
  it.each([
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6380'), { code: 'ECONNREFUSED' }),
    Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
    new Error('Connection is closed.'),
    new Error("Stream isn't writeable and enableOfflineQueue options is false"),
    Object.assign(new Error('Reached the max retries per request limit (which is 3).'), {
      name: 'MaxRetriesPerRequestError',
    }),
  ])('treats "%s" as Redis being unreachable (reported once by the watcher)', (error) => {
    expect(isRedisConnectionError(error)).toBe(true);
  });

  it.each([
    new Error('ERR Error running script (call to f_1234): @user_script:12: user_script:12: attempt to compare nil'),
    new Error('Missing lock for job 42. moveToFinished'),
    new Error('WRONGTYPE Operation against a key holding the wrong kind of value'),
  ])('logs "%s": a failed command, not an outage', (error) => {
    expect(isRedisConnectionError(error)).toBe(false);
  });
});
