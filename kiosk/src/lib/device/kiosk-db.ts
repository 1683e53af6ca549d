import { DeviceDb } from '@dangky/web';

/**
 * The kiosk's Dexie database: only the device tables (settings, keys, sealed outbox, dead
 * letters — see web/src/device-db.ts). A kiosk keeps no registrations of its own: once an
 * event has reached the server it leaves the kiosk.
 */
export class KioskDb extends DeviceDb {
  constructor(name = 'dangky-kiosk', options?: ConstructorParameters<typeof DeviceDb>[2]) {
    super(name, {}, options);
  }
}
