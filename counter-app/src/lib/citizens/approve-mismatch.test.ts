import { describe, expect, it } from 'vitest';
import { approveMismatch } from './approve-mismatch.ts';

const SERVER = 'http://127.0.0.1:4100';
const REG = '019ab000-0000-7000-8000-000000000001';
const READ = '019ab000-0000-7000-8000-000000000002';
const reason = 'Công dân đổi tên theo quyết định, chip chưa xác thực được';

function server(role: string) {
  const calls: { path: string; authorization: string | null; body: unknown }[] = [];
  const fetchFn: typeof fetch = async (url, init) => {
    const path = new URL(String(url)).pathname;
    const headers = new Headers(init?.headers);
    calls.push({ path, authorization: headers.get('authorization'), body: init?.body ? JSON.parse(String(init.body)) : null });
    if (path === '/v1/auth/login')
      return Response.json({
        token: 'manager-token',
        expiresAt: '2099-01-01T00:00:00.000Z',
        user: { id: 'manager.benthanh', displayName: 'Lê Hoàng Nam', role, siteId: 'hcm-ben-thanh', provinceCode: '79' },
      });
    if (path === '/v1/auth/logout') return new Response(null, { status: 204 });
    return Response.json({
      approvalId: '019ab000-0000-7000-8000-0000000000aa',
      registrationId: REG,
      chipReadId: READ,
      approvedBy: 'manager.benthanh',
      approverName: 'Lê Hoàng Nam',
      reason,
      at: '2026-11-22T02:09:00.000Z',
    });
  };
  return { calls, fetchFn };
}

describe('a manager approves on the clerk’s counter', () => {
  it('signs the manager in for this one request, asks with their token, and signs them out', async () => {
    const { calls, fetchFn } = server('site-manager');
    const approval = await approveMismatch({
      server: SERVER,
      username: ' manager.benthanh ',
      password: 'pw',
      registrationId: REG,
      chipReadId: READ,
      reason,
      fetch: fetchFn,
    });
    expect(approval).toMatchObject({ approvedBy: 'manager.benthanh', chipReadId: READ });
    expect(calls.map((c) => c.path)).toEqual(['/v1/auth/login', '/v1/identity/approvals', '/v1/auth/logout']);
    expect(calls[0]!.body).toEqual({ username: 'manager.benthanh', password: 'pw' });
    expect(calls[1]).toMatchObject({ authorization: 'Bearer manager-token', body: { registrationId: REG, chipReadId: READ, reason } });
    expect(calls[2]!.authorization).toBe('Bearer manager-token');
  });

  it('refuses a clerk’s account without asking the server for an approval, and still signs it out', async () => {
    const { calls, fetchFn } = server('clerk');
    await expect(
      approveMismatch({
        server: SERVER,
        username: 'clerk.benthanh',
        password: 'pw',
        registrationId: REG,
        chipReadId: null,
        reason,
        fetch: fetchFn,
      }),
    ).rejects.toMatchObject({ code: 'DK_ERR_APPROVAL_NOT_MANAGER' });
    expect(calls.map((c) => c.path)).toEqual(['/v1/auth/login', '/v1/auth/logout']);
  });
});
