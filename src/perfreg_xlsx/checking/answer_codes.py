"""The finding codes of one answer and of the cross-field rules (severity from the rule).

Each is a `codes.Spec`; `findings.CODES` is the whole catalogue.
"""

from __future__ import annotations

from perfreg_xlsx.checking.codes import INFO, E, Spec, W

ANSWER_CODES: tuple[Spec, ...] = (
    # --- One answer ------------------------------------------------------------------------
    Spec(
        "not-answered",
        E,
        "not answered; expected {expected}",
        "ikke besvaret; forventet {expected}",
        "Answer the question{zero}.",
        "Besvar spørgsmålet{zero_da}.",
    ),
    Spec(
        "value-unknown",
        E,
        "the cell holds the formula {value}, whose value Excel has not saved",
        "cellen indeholder formlen {value}, hvis værdi Excel ikke har gemt",
        "Open the file in Excel, check the value and save the file again.",
        "Åbn filen i Excel, kontrollér værdien, og gem filen igen.",
    ),
    Spec(
        "error-value",
        E,
        "the cell holds the error value {value}; expected {expected}",
        "cellen indeholder fejlværdien {value}; forventet {expected}",
        "Replace the error with the answer itself.",
        "Erstat fejlen med selve svaret.",
    ),
    Spec(
        "bad-cell-type",
        E,
        "the cell is stored as type “{type}”, which spreadsheet programs do not write; its "
        "content {value} is not read; expected {expected}",
        "cellen er gemt som typen “{type}”, som regneark ikke skriver; indholdet {value} "
        "læses ikke; forventet {expected}",
        "Type the answer into the cell again and save the file in Excel.",
        "Skriv svaret i cellen igen, og gem filen i Excel.",
    ),
    Spec(
        "formula-in-answer",
        W,
        "the answer is a formula ({formula}); kept as the text {value}",
        "svaret er en formel ({formula}); gemt som teksten {value}",
        "Write the answer as plain text.",
        "Skriv svaret som almindelig tekst.",
    ),
    Spec(
        "external-formula",
        W,
        "the answer is a formula reaching outside the workbook ({formula}); its saved value "
        "{value} is used",
        "svaret er en formel, der henter data uden for projektmappen ({formula}); den gemte "
        "værdi {value} bruges",
        "Write the answer itself instead of the formula.",
        "Skriv selve svaret i stedet for formlen.",
    ),
    Spec(
        "formula-value",
        W,
        "the answer is computed by the formula {formula}; its saved value {value} is used, "
        "though the form calculates it again when it is opened",
        "svaret beregnes af formlen {formula}; den gemte værdi {value} bruges, men skemaet "
        "beregner den igen, når det åbnes",
        "Write the answer itself instead of the formula.",
        "Skriv selve svaret i stedet for formlen.",
    ),
    Spec(
        "unsafe-characters",
        W,
        "the text holds characters a spreadsheet cannot hold (control characters); they are "
        "replaced by �",
        "teksten indeholder tegn, som et regneark ikke kan rumme (kontroltegn); de er "
        "erstattet af �",
        "Write the text again without special characters.",
        "Skriv teksten igen uden specialtegn.",
    ),
    Spec(
        "too-large",
        E,
        "{value} is too large to be held exactly (at most 9.007.199.254.740.991); expected "
        "{expected}",
        "{value} er for stort til at blive gemt præcist (højst 9.007.199.254.740.991); "
        "forventet {expected}",
        "Check the number; write it in the unit the question asks for.",
        "Kontrollér tallet, og skriv det i den enhed, spørgsmålet beder om.",
    ),
    Spec(
        "too-small",
        E,
        "{value} is too close to zero to be a number of this question (below 0,000001); "
        "expected {expected}",
        "{value} er for tæt på nul til at være et tal for dette spørgsmål (under 0,000001); "
        "forventet {expected}",
        "Write 0 if the number is zero, or the number itself.",
        "Skriv 0, hvis tallet er nul, ellers selve tallet.",
    ),
    Spec(
        "not-a-number",
        E,
        "{value} is not a number; expected {expected}",
        "{value} er ikke et tal; forventet {expected}",
        "Write only the number, without units or words (e.g. 2.500).",
        "Skriv kun tallet, uden enhed eller ord (f.eks. 2.500).",
    ),
    Spec(
        "ambiguous-number",
        E,
        "{value} can be read as {reading_a} or as {reading_b}; expected {expected}",
        "{value} kan læses som {reading_a} eller som {reading_b}; forventet {expected}",
        "Write the number without thousands separators (e.g. 1500 or 1,5).",
        "Skriv tallet uden tusindtalsseparator (f.eks. 1500 eller 1,5).",
    ),
    Spec(
        "approximate-number",
        E,
        "{value} is an approximate number; expected {expected}",
        "{value} er et omtrentligt tal; forventet {expected}",
        "Write one number, your best estimate; explain it in the comment field if needed.",
        "Skriv ét tal, jeres bedste skøn; forklar det evt. i bemærkningsfeltet.",
    ),
    Spec(
        "range-given",
        E,
        "{value} is a range; expected {expected}",
        "{value} er et interval; forventet {expected}",
        "Write one number, your best estimate; explain it in the comment field if needed.",
        "Skriv ét tal, jeres bedste skøn; forklar det evt. i bemærkningsfeltet.",
    ),
    Spec(
        "dont-know",
        E,
        "{value} is not a figure; expected {expected}",
        "{value} er ikke et tal; forventet {expected}",
        "Give your best estimate, or 0 if there were none; explain in the comment field.",
        "Angiv jeres bedste skøn, eller 0 hvis der ingen var; forklar i bemærkningsfeltet.",
    ),
    Spec(
        "date-in-number",
        E,
        "{value} is a date; expected {expected}",
        "{value} er en dato; forventet {expected}",
        "Format the cell as a number (not a date) and write the number again.",
        "Formatér cellen som tal (ikke dato), og skriv tallet igen.",
    ),
    Spec(
        "not-finite",
        E,
        "{value} is not a finite number; expected {expected}",
        "{value} er ikke et endeligt tal; forventet {expected}",
        "Write the number itself.",
        "Skriv selve tallet.",
    ),
    Spec(
        "negative",
        E,
        "{value} is negative; expected {expected}",
        "{value} er negativt; forventet {expected}",
        "Write a number of 0 or more.",
        "Skriv et tal på 0 eller mere.",
    ),
    Spec(
        "below-min",
        E,
        "{value} is below the smallest allowed value; expected {expected}",
        "{value} er under den mindste tilladte værdi; forventet {expected}",
        "Check the number.",
        "Kontrollér tallet.",
    ),
    Spec(
        "not-whole",
        E,
        "{value} is not a whole number; expected {expected}",
        "{value} er ikke et helt tal; forventet {expected}",
        "Write a whole number (count each one once).",
        "Skriv et helt tal (tæl hver enkelt én gang).",
    ),
    Spec(
        "above-max",
        E,
        "{value} is above the largest allowed value; expected {expected}",
        "{value} er over den største tilladte værdi; forventet {expected}",
        "Check the number and its unit.",
        "Kontrollér tallet og enheden.",
    ),
    Spec(
        "not-yes-no",
        E,
        "{value} is not Ja or Nej; expected {expected}",
        "{value} er hverken Ja eller Nej; forventet {expected}",
        "Choose Ja or Nej from the drop-down list.",
        "Vælg Ja eller Nej fra rullelisten.",
    ),
    Spec(
        "bad-email",
        E,
        "{value} is not an e-mail address; expected {expected}",
        "{value} er ikke en e-mailadresse; forventet {expected}",
        "Write one e-mail address, e.g. navn@netvaerk.dk.",
        "Skriv én e-mailadresse, f.eks. navn@netvaerk.dk.",
    ),
    Spec(
        "text-too-long",
        W,
        "the text has {length} characters; only the first {limit} are kept",
        "teksten har {length} tegn; kun de første {limit} gemmes",
        "Shorten the text.",
        "Forkort teksten.",
    ),
    Spec(
        "invalid-value",
        E,
        "{value} is not a valid answer; expected {expected}",
        "{value} er ikke et gyldigt svar; forventet {expected}",
        "Write the answer as the question asks.",
        "Skriv svaret, som spørgsmålet beder om.",
    ),
    # --- Cross-field rules (severity comes from the rule) ------------------------------------
    Spec(
        "part-exceeds-total",
        E,
        "{part} is more than the total {total} (question {total_number})",
        "{part} er mere end totalen {total} (spørgsmål {total_number})",
        "A “heraf” number is part of the total above it; correct one of the two.",
        "Et “heraf”-tal er en del af totalen ovenfor; ret et af de to tal.",
    ),
    Spec(
        "sources-do-not-sum",
        E,
        "the financing sources add up to {sum} but the turnover is {total} ({unit}), "
        "a difference of {diff}",
        "finansieringskilderne giver {sum}, men omsætningen er {total} ({unit}), "
        "en forskel på {diff}",
        "Make the sources add up to the turnover; a difference of up to {tolerance} is "
        "within rounding and accepted.",
        "Få kilderne til at give omsætningen; en forskel på op til {tolerance} skyldes "
        "afrunding og accepteres.",
    ),
    Spec(
        "no-but-participants",
        E,
        "question {flag_number} is answered Nej, but the figure here is {value}, not 0",
        "spørgsmål {flag_number} er besvaret Nej, men tallet her er {value}, ikke 0",
        "Answer Ja to question {flag_number}, or write 0 here.",
        "Svar Ja til spørgsmål {flag_number}, eller skriv 0 her.",
    ),
    Spec(
        "yes-but-none",
        W,
        "question {flag_number} is answered Ja, but the number here is 0",
        "spørgsmål {flag_number} er besvaret Ja, men tallet her er 0",
        "Write the number, or answer Nej to question {flag_number}.",
        "Skriv antallet, eller svar Nej til spørgsmål {flag_number}.",
    ),
    Spec(
        "requires-other",
        W,
        "is 0, although question {other_number} is {other_value}",
        "er 0, selvom spørgsmål {other_number} er {other_value}",
        "Check both answers.",
        "Kontrollér begge svar.",
    ),
    Spec(
        "implausible-change",
        W,
        "{value} this year against {previous} last year in {previous_file}; a change of more "
        "than a factor {factor} either way is unusual",
        "{value} i år mod {previous} sidste år; en ændring på mere end en faktor {factor} "
        "op eller ned er usædvanlig",
        "Check the number and its unit; explain a real change in the Forklaring cell beside it.",
        "Kontrollér tallet og enheden; forklar en reel ændring i feltet Forklaring ved siden af.",
    ),
    Spec(
        "explanation",
        INFO,
        "the network explains: {value}",
        "netværket forklarer: {value}",
        "Nothing to do; the explanation is kept with the answer.",
        "Intet at gøre; forklaringen følger svaret.",
    ),
    Spec(
        "explained-warning",
        INFO,
        "the warning {warning} is explained by the network: {reason}",
        "advarslen {warning} er forklaret af netværket: {reason}",
        "Nothing to do unless the reason does not hold.",
        "Intet at gøre, medmindre forklaringen ikke holder.",
    ),
)
