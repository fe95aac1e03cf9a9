import type { DoraBand } from '@slipway/plugin-codepipeline-common';

/**
 * DORA performance bands, with the thresholds of the 2023 Accelerate State of
 * DevOps Report (DORA / Google Cloud): the report gives each cluster as a
 * range; the boundaries between the ranges are used as thresholds here.
 */
export const doraBands = {
  deploymentFrequency: (perDay: number): DoraBand =>
    band(perDay >= 1, perDay >= 1 / 7, perDay >= 1 / 30),
  leadTimeForChanges: (hours: number): DoraBand =>
    band(hours < 24, hours < 7 * 24, hours < 30 * 24),
  changeFailureRate: (percent: number): DoraBand =>
    band(percent <= 5, percent <= 10, percent <= 15),
  timeToRestore: (hours: number): DoraBand =>
    band(hours < 1, hours < 24, hours < 7 * 24),
};

function band(elite: boolean, high: boolean, medium: boolean): DoraBand {
  if (elite) {
    return 'elite';
  }
  if (high) {
    return 'high';
  }
  return medium ? 'medium' : 'low';
}
