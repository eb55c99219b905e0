// The kgateway release under test and its Go module.
export const KGATEWAY_VERSION = 'v2.4.2';
export const KGATEWAY_MODULE = 'github.com/kgateway-dev/kgateway/v2';
