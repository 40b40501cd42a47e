/**
 * The categories a candidate may self-identify with for the station's bias report, as the
 * EEO-1 Component 1 report names them (the categories NYC's Local Law 144 rules require a
 * bias audit to cover: 6 RCNY § 5-301). Each question has "Prefer not to say"; skipping the
 * step stores nothing. Counted in the admin's bias report only, never shown to anyone scoring.
 */
export const SEX_CATEGORIES = ['female', 'male', 'prefer_not_to_say'] as const;
export type SexCategory = (typeof SEX_CATEGORIES)[number];

export const RACE_ETHNICITY_CATEGORIES = [
  'hispanic_or_latino',
  'white',
  'black_or_african_american',
  'native_hawaiian_or_pacific_islander',
  'asian',
  'american_indian_or_alaska_native',
  'two_or_more_races',
  'prefer_not_to_say',
] as const;
export type RaceEthnicityCategory = (typeof RACE_ETHNICITY_CATEGORIES)[number];

export const PREFER_NOT_TO_SAY = 'prefer_not_to_say';

export const SEX_LABELS: Record<SexCategory, string> = {
  female: 'Female',
  male: 'Male',
  prefer_not_to_say: 'Prefer not to say',
};

/** EEO-1 wording; every race category other than Hispanic or Latino means "not Hispanic or Latino". */
export const RACE_ETHNICITY_LABELS: Record<RaceEthnicityCategory, string> = {
  hispanic_or_latino: 'Hispanic or Latino',
  white: 'White',
  black_or_african_american: 'Black or African American',
  native_hawaiian_or_pacific_islander: 'Native Hawaiian or Other Pacific Islander',
  asian: 'Asian',
  american_indian_or_alaska_native: 'American Indian or Alaska Native',
  two_or_more_races: 'Two or More Races',
  prefer_not_to_say: 'Prefer not to say',
};

/** The categories a report counts (everything but "Prefer not to say"). */
export const KNOWN_SEX = SEX_CATEGORIES.filter((c) => c !== PREFER_NOT_TO_SAY);
export const KNOWN_RACE_ETHNICITY = RACE_ETHNICITY_CATEGORIES.filter(
  (c) => c !== PREFER_NOT_TO_SAY,
);
