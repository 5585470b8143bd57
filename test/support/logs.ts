import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';

/**
 * For tests that expect a failure: what NestJS's class loggers (`new Logger(Class.name)`) log at error level is
 * captured instead of printed, so a green run shows no ERROR lines and the test can assert on the error itself.
 * Each captured line is `[Context] message params…`. Call `restore()` when done (in a `finally`).
 */
export function captureErrorLogs(): { lines: string[]; restore: () => void } {
  const lines: string[] = [];
  const spy = jest.spyOn(Logger.prototype, 'error').mockImplementation(function (this: Logger, message: unknown, ...params: unknown[]) {
    const context = (this as unknown as { context?: string }).context ?? '';
    lines.push(`[${context}] ${[message, ...params].map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(' ')}`);
  });
  return { lines, restore: () => spy.mockRestore() };
}
