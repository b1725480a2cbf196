/** LSP wiring for codeActions; the logic lives in ../languageservice/features. */
import type { FeatureRegistrar } from './context';

export const registerCodeActions: FeatureRegistrar = () => ({});
