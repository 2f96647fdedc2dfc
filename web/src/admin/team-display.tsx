import type { LabelItem } from '@contract/team';

/** A label's colour as a pale chip with a coloured dot; a label not (yet) in the list is grey. */
export function LabelChips({ names, labels }: { names: string[]; labels: LabelItem[] }) {
  if (names.length === 0) return null;
  return (
    <>
      {names.map((name) => {
        const color = labels.find((l) => l.name === name)?.color ?? '#8a94a6';
        return (
          <span key={name} className="label-chip" style={{ borderColor: color }}>
            <span className="label-dot" style={{ background: color }} aria-hidden="true" />
            {name}
          </span>
        );
      })}
    </>
  );
}
