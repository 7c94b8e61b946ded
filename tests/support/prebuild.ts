/**
 * The whole run's build fixtures, made in the background from the start of a full `npm test`
 * (global-setup.ts starts this in its own process): the test files that read them find them
 * made, or being made, instead of making them when they first ask, while the other test
 * files keep both cores busy. Same lock and result as a test file making them itself.
 *
 *   node --import tsx tests/support/prebuild.ts <fixtures folder>
 */
import { completeBuildIn } from './fixtures-core.ts';

const root = process.argv[2];
if (!root) {
  process.stderr.write('usage: prebuild.ts <fixtures folder>\n');
  process.exit(64);
}
// The longest first: the final evaluation's build, then the two-year one.
await completeBuildIn(root, [2020, 2021, 2022, 2023, 2024, 2025]);
await completeBuildIn(root, [2020, 2021]);
