// LOADTEST_XDS_ADDRESS: host:port or a clear error; without it, the reason route ready by xDS is not measured.
import { describe, expect, test } from 'vitest';
import { parseXdsAddress, xdsAddressFromEnv } from '../framework/xds/address.js';

describe('xDS address', () => {
  test.each(['127.0.0.1:9977', 'kgateway.kgateway-system.svc:9977', '[::1]:18000', 'localhost:1'])('%s is accepted', (value) => {
    expect(xdsAddressFromEnv({ LOADTEST_XDS_ADDRESS: value })).toEqual({ xdsAddress: value });
  });

  test.each(['9977', 'http://127.0.0.1:9977', '127.0.0.1:', '127.0.0.1:99999', '127.0.0.1:0', 'host name:9977', '::1:9977'])('%s is refused, naming the variable', (value) => {
    expect(() => parseXdsAddress(value, 'LOADTEST_XDS_ADDRESS')).toThrow(`LOADTEST_XDS_ADDRESS=${JSON.stringify(value)} is not host:port`);
  });

  test('unset or blank: not measured, with the reason', () => {
    for (const env of [{}, { LOADTEST_XDS_ADDRESS: '  ' }]) {
      const result = xdsAddressFromEnv(env);
      expect(result.xdsAddress).toBeUndefined();
      expect(result.xdsAbsentReason).toMatch(/LOADTEST_XDS_ADDRESS is not set/);
    }
  });
});
