/**
 * The twin's Flux: compact tree descriptions (named YAML trees or synthetic ones), the realistic
 * objects they expand to, and a simulator of the Flux controllers over the lab's ObjectStore.
 */
export { fluxTreeSchema, type FluxTreeSpec, type ExplicitFluxTree, type GeneratedFluxTree, type FluxSourceSpec, type FluxKustomizationSpec, type FluxHelmReleaseSpec } from './tree-schema.js';
export { loadFluxTree, parseFluxTreeYaml, yamlLocator, type Locator, type TreePath } from './load-tree.js';
export { loadNamedFluxTree, namedFluxTrees } from './named-trees.js';
export { buildFluxObjects } from './build-objects.js';
export { generateFluxTree } from './generate-tree.js';
export { startFluxSim, type FluxSim, type FluxSimOptions, type FluxFailure } from './flux-sim.js';
export { fluxKinds, type FluxKind, type FluxRef } from './flux-kinds.js';
