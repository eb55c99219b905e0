// LOADTEST_XDS_ADDRESS: host:port or a clear error naming the variable.
import { describe, expect, test } from 'vitest';
import { parseXdsAddress, readXdsAddress } from '../../framework/xds/address.js';

describe('xDS address', () => {
  test.each(['127.0.0.1:9977', 'kgateway.kgateway-system.svc:9977', '[::1]:18000', 'localhost:1'])('%s is accepted', (value) => {
    expect(readXdsAddress({ LOADTEST_XDS_ADDRESS: value })).toBe(value);
  });

  test.each(['9977', 'http://127.0.0.1:9977', '127.0.0.1:', '127.0.0.1:99999', '127.0.0.1:0', 'host name:9977', '::1:9977'])(
    '%s is refused, naming the variable',
    (value) => {
      expect(() => parseXdsAddress(value, 'LOADTEST_XDS_ADDRESS')).toThrow(`LOADTEST_XDS_ADDRESS=${JSON.stringify(value)} is not host:port`);
    },
  );

  test('unset or blank: no address (the existing provider then gives the reason)', () => {
    expect(readXdsAddress({})).toBeUndefined();
    expect(readXdsAddress({ LOADTEST_XDS_ADDRESS: '  ' })).toBeUndefined();
  });
});
