// The calibration instrument's known delay.
import * as kinds from '../../config/kinds.js';
import { defineSection } from '../../config/section.js';

export const calibrationSection = defineSection({
  name: 'calibration',
  title: 'Calibration instrument',
  description: 'The instrument with a known delay that proves the A/B detector (controller.name calibration); never a controller under test.',
  settings: {
    delayMs: {
      env: 'LOADTEST_CALIBRATION_DELAY_MS',
      kind: kinds.milliseconds,
      default: 50,
      unit: 'ms',
      description: "the instrument's delay D before each status write",
    },
  },
});
