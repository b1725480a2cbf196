/** LSP wiring for hover; the logic lives in ../languageservice/features. */
import { hoverAt } from '../languageservice/features/hover';
import type { FeatureRegistrar } from './context';
import { answerWith } from './navigation';

export const registerHover: FeatureRegistrar = (context) => {
  context.connection.onHover((params) => answerWith(context, params.textDocument.uri, null, (feature) => hoverAt(feature, params.position)));
  return { hoverProvider: true };
};
