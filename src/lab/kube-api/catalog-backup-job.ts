/**
 * The kinds `plat backup schedule --emit cronjob` creates, so the lab's API server takes a real
 * `kubectl apply` of it: ServiceAccount, ConfigMap, Secret (core/v1), CronJob (batch/v1) with the
 * columns of the apiserver's CronJob printer that a JSONPath can express (ACTIVE counts a list,
 * so it is left out), and Talos's own ServiceAccount CRD (talos.dev/v1alpha1; Talos writes
 * status.failureReason with a plain update, so it has no status subresource).
 */
import type { ResourceType } from './types.js';

const core = (kind: string, plural: string, shortNames: string[], printerColumns?: ResourceType['printerColumns']): ResourceType => ({
  group: '',
  version: 'v1',
  kind,
  plural,
  singular: kind.toLowerCase(),
  namespaced: true,
  shortNames,
  statusSubresource: false,
  ...(printerColumns ? { printerColumns } : {}),
});

const age = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' } as const;

export const backupJobResourceTypes: ResourceType[] = [
  core('ServiceAccount', 'serviceaccounts', ['sa']),
  core('ConfigMap', 'configmaps', ['cm']),
  core('Secret', 'secrets', [], [{ name: 'Type', type: 'string', jsonPath: '.type' }, age]),
  {
    group: 'batch',
    version: 'v1',
    kind: 'CronJob',
    plural: 'cronjobs',
    singular: 'cronjob',
    namespaced: true,
    shortNames: ['cj'],
    categories: ['all'],
    statusSubresource: true,
    printerColumns: [
      { name: 'Schedule', type: 'string', jsonPath: '.spec.schedule' },
      { name: 'Timezone', type: 'string', jsonPath: '.spec.timeZone' },
      { name: 'Suspend', type: 'boolean', jsonPath: '.spec.suspend' },
      { name: 'Last Schedule', type: 'date', jsonPath: '.status.lastScheduleTime' },
      age,
    ],
  },
  {
    group: 'talos.dev',
    version: 'v1alpha1',
    kind: 'ServiceAccount',
    plural: 'serviceaccounts',
    singular: 'serviceaccount',
    namespaced: true,
    statusSubresource: false,
  },
];
