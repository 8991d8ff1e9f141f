// Static limits checked while validating a document, before anything runs: how deep
// the selections nest and how many aliases a document uses. Token count is enforced
// by the parser itself (parseOptions.maxTokens) so a huge document is never fully built.
import { GraphQLError, Kind, type ASTVisitor, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext } from 'graphql';

/** Deepest field nesting under an operation, following fragments; introspection is not counted. */
export function selectionDepth(set: SelectionSetNode | undefined, fragments: (name: string) => FragmentDefinitionNode | undefined | null, seen: Set<string> = new Set()): number {
  if (!set) return 0;
  let deepest = 0;
  for (const selection of set.selections) {
    let depth = 0;
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__')) continue;
      depth = 1 + selectionDepth(selection.selectionSet, fragments, seen);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      depth = selectionDepth(selection.selectionSet, fragments, seen);
    } else {
      const name = selection.name.value;
      // A fragment cycle is reported by the standard NoFragmentCycles rule; just stop here.
      if (seen.has(name)) continue;
      const fragment = fragments(name);
      if (!fragment) continue;
      seen.add(name);
      depth = selectionDepth(fragment.selectionSet, fragments, seen);
      seen.delete(name);
    }
    if (depth > deepest) deepest = depth;
  }
  return deepest;
}

export function depthLimitRule(maxDepth: number) {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(node) {
      const depth = selectionDepth(node.selectionSet, (name) => context.getFragment(name));
      if (depth > maxDepth) {
        context.reportError(new GraphQLError(`The operation nests ${depth} levels deep; at most ${maxDepth} are allowed`, { nodes: [node] }));
      }
    },
  });
}

export function aliasLimitRule(maxAliases: number) {
  return (context: ValidationContext): ASTVisitor => {
    let aliases = 0;
    let reported = false;
    return {
      Field(node) {
        if (!node.alias || reported) return;
        aliases += 1;
        if (aliases > maxAliases) {
          reported = true;
          context.reportError(new GraphQLError(`The document uses more than ${maxAliases} aliases`, { nodes: [node] }));
        }
      },
    };
  };
}
