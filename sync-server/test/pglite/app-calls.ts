import type { FastifyInstance } from 'fastify';
import { loginResponse, routes } from '@dangky/core/protocol';
import type { DemoSecrets } from '../../src/seed/demo.ts';

/** A demo device's push to an app built in the test (`build()`), as the device sends it: the answer's body. */
export const pushAs =
  (app: FastifyInstance, demo: DemoSecrets) =>
  async (deviceId: string, events: unknown[]): Promise<{ results: { status: string; code?: string }[] }> => {
    const secret = demo.devices.find((d) => d.id === deviceId)!.secret;
    const res = await app.inject({
      method: 'POST',
      url: routes.push,
      headers: { authorization: `Device ${deviceId}:${secret}` },
      payload: { deviceId, events },
    });
    return res.json();
  };

/** Bến Thành's site manager erases a citizen's registrations at their request; the answer's status code. */
export async function eraseAtRequest(app: FastifyInstance, idNumber: string, registrationIds: string[]): Promise<number> {
  const login = await app.inject({
    method: 'POST',
    url: routes.login,
    payload: { username: 'manager.benthanh', password: 'dangky-demo-2026' },
  });
  const erase = await app.inject({
    method: 'POST',
    url: routes.citizenErasure,
    headers: { authorization: `Bearer ${loginResponse.parse(login.json()).token}` },
    payload: { idNumber, registrationIds },
  });
  return erase.statusCode;
}
