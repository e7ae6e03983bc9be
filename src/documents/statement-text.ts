/** The no-document cases of §4.4 and §10.1 that get a generated page instead of files. */
export type StatementKind = 'TAX_MY_PARENTS' | 'TAX_LESS_THAN_YEAR' | 'TAX_NOT_RECEIVED' | 'TAX_OTHER' | 'FINANCIAL' | 'RESIDENCY';

export interface StatementInput {
  kind: StatementKind;
  /** The owner's full name, as it appears on the file. */
  ownerName: string;
  /** The tenant's own explanation (`customText`), for the kinds that carry one. */
  customText?: string | null;
  /** The date the statement is made, written "le 01/12/2026". */
  date: Date;
}

export interface Statement {
  title: string;
  paragraphs: string[];
}

function frenchDate(date: Date): string {
  return `${String(date.getUTCDate()).padStart(2, '0')}/${String(date.getUTCMonth() + 1).padStart(2, '0')}/${date.getUTCFullYear()}`;
}

/** The statement's words: a sworn statement for TAX, an explanation for FINANCIAL and RESIDENCY. */
export function statementText(input: StatementInput): Statement {
  const name = input.ownerName.trim();
  const reason = (input.customText ?? '').trim();
  const sworn = (what: string): Statement => ({
    title: "Attestation sur l'honneur",
    paragraphs: [`Je soussigné·e ${name}, atteste sur l'honneur que :`, what, `Fait le ${frenchDate(input.date)}.`, 'Signature : ' + name],
  });
  switch (input.kind) {
    case 'TAX_MY_PARENTS':
      return sworn("je suis rattaché·e fiscalement au foyer de mes parents et ne dispose donc pas d'avis d'imposition à mon nom.");
    case 'TAX_LESS_THAN_YEAR':
      return sworn("je suis en France depuis moins d'un an et n'ai donc pas encore effectué de déclaration de revenus.");
    case 'TAX_NOT_RECEIVED':
      return sworn("je n'ai pas encore reçu mon avis d'imposition.");
    case 'TAX_OTHER':
      return sworn(reason);
    case 'FINANCIAL':
      return {
        title: 'Justificatif de ressources',
        paragraphs: [`${name} a indiqué ne pas pouvoir fournir de justificatif de ressources pour la raison suivante :`, reason, `Le ${frenchDate(input.date)}.`],
      };
    case 'RESIDENCY':
      return {
        title: "Justificatif d'hébergement",
        paragraphs: [`${name} a indiqué ne pas pouvoir fournir de justificatif de situation d'hébergement pour la raison suivante :`, reason, `Le ${frenchDate(input.date)}.`],
      };
  }
}

/** Splits a paragraph into lines no wider than `maxWidth`, breaking between words (or inside an overlong word). */
export function wrapLines(paragraph: string, maxWidth: number, measure: (text: string) => number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of paragraph.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (measure(candidate) <= maxWidth) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = word;
    while (measure(line) > maxWidth && line.length > 1) {
      let cut = line.length - 1;
      while (cut > 1 && measure(line.slice(0, cut)) > maxWidth) cut--;
      lines.push(line.slice(0, cut));
      line = line.slice(cut);
    }
  }
  if (line) lines.push(line);
  return lines;
}
