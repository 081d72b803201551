/**
 * The lab's digital twin of the Talos platform: scenario loading, shared state, faults,
 * dynamics, the router's view and the Kubernetes objects it keeps in a cluster's ObjectStore.
 */
export { Twin, DEFAULT_TIMINGS, type TwinOptions, type ApiState } from './twin.js';
export { loadScenario, parseScenario, resolveScenarioPath, scenariosDir, labPackageRoot } from './scenario.js';
export { clusterNodes, type Scenario, type ScenarioCluster, type ScenarioNode } from './scenario-schema.js';
export { activeAggregator, bondSpeed } from './faults.js';
export { attachKube } from './attach-kube.js';
export { buildClusterObjects, KUBE_TYPES } from './kube-objects.js';
export {
  FAULT_NAMES,
  type FaultName,
  type FluxFault,
  type MachineEvent,
  type MachineStage,
  type TwinChange,
  type TwinCluster,
  type TwinNode,
  type TwinTimings,
  type Bond,
  type BondSlave,
  type BgpSession,
  type EtcdMemberState,
  type TalosService,
  type ServiceEvent,
  type LbService,
  type LbPool,
} from './types.js';
export { seededHex, uuid } from './identity.js';
