/** How the preflight's SDK checks tell a denied call (reported as "not checked") from other errors (thrown). */

const ACCESS_DENIED = /AccessDenied|UnauthorizedOperation|not authorized/i;

/** The SDK error's name (the service's error code). */
export function errorName(e: unknown): string {
  return (e as Error).name ?? String(e);
}

/** Whether the call was denied by IAM (ECR `AccessDeniedException`, EC2 `UnauthorizedOperation`, …). */
export function isAccessDenied(e: unknown): boolean {
  return ACCESS_DENIED.test(errorName(e)) || ACCESS_DENIED.test((e as Error).message ?? '');
}
