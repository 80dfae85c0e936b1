import { applyDecorators, UseGuards } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { AppThrottlerGuard } from './app-throttler.guard';
import { type ThrottleName, Throttles } from './throttle-names';

/**
 * Puts a route behind the named throttlers given, and only those: @nestjs/throttler applies every
 * registered throttler to a guarded route unless told to skip the others.
 */
export function ThrottledBy(...names: ThrottleName[]): MethodDecorator & ClassDecorator {
  const others = Object.values(Throttles).filter((name) => !names.includes(name));
  return applyDecorators(
    UseGuards(AppThrottlerGuard),
    SkipThrottle(Object.fromEntries(others.map((name) => [name, true]))),
  );
}
