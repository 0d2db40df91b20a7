// Word lists for the synthetic corpus (bench/corpus.ts). Surnames, cities and some organisations are built
// from syllables so the vocabulary grows with the corpus (a long tail of rare terms, as in real news),
// while roles, topics and filler give the frequent terms.

export const FIRST_NAMES = [
  'Nikol', 'Anna', 'Vladimir', 'Maria', 'Ilham', 'Leyla', 'Giorgi', 'Nino', 'Recep', 'Elif', 'Emmanuel', 'Claire',
  'Olaf', 'Greta', 'Joe', 'Kamala', 'Rishi', 'Priya', 'Xi', 'Mei', 'Narendra', 'Anika', 'Luiz', 'Beatriz',
  'Cyril', 'Thandi', 'Justin', 'Chloe', 'Fumio', 'Yuki', 'Pedro', 'Lucia', 'Mark', 'Sanna', 'Andrzej', 'Magda',
  'Viktor', 'Katalin', 'Ebrahim', 'Zahra', 'Abiy', 'Hana', 'William', 'Amara', 'Sergei', 'Olena', 'Tigran', 'Armine',
  'Kassym', 'Aigerim', 'Shavkat', 'Dilnoza', 'Gustavo', 'Paula', 'Javier', 'Sofia', 'Ahmed', 'Amina', 'Hakan', 'Selin',
] as const;

export const SYLLABLES = [
  'pa', 'shin', 'yan', 'ali', 'yev', 'kov', 'ras', 'mu', 'dze', 'tel', 'ber', 'nov', 'ski', 'ova', 'gar', 'rid',
  'sal', 'vin', 'dor', 'ek', 'lan', 'tor', 'ham', 'zad', 'eh', 'ri', 'mon', 'tes', 'qui', 'lo', 'ven', 'ka',
  'ros', 'tan', 'mir', 'vash', 'ul', 'bek', 'kha', 'nam', 'rel', 'sun', 'dra', 'pol', 'fen', 'mar', 'ost', 'ich',
] as const;

export interface Country {
  name: string;
  adj: string;
  capital: string;
}

export const COUNTRIES: readonly Country[] = [
  { name: 'Armenia', adj: 'Armenian', capital: 'Yerevan' },
  { name: 'Azerbaijan', adj: 'Azerbaijani', capital: 'Baku' },
  { name: 'Georgia', adj: 'Georgian', capital: 'Tbilisi' },
  { name: 'Russia', adj: 'Russian', capital: 'Moscow' },
  { name: 'Turkey', adj: 'Turkish', capital: 'Ankara' },
  { name: 'Iran', adj: 'Iranian', capital: 'Tehran' },
  { name: 'France', adj: 'French', capital: 'Paris' },
  { name: 'Germany', adj: 'German', capital: 'Berlin' },
  { name: 'Poland', adj: 'Polish', capital: 'Warsaw' },
  { name: 'Ukraine', adj: 'Ukrainian', capital: 'Kyiv' },
  { name: 'Kazakhstan', adj: 'Kazakh', capital: 'Astana' },
  { name: 'Uzbekistan', adj: 'Uzbek', capital: 'Tashkent' },
  { name: 'India', adj: 'Indian', capital: 'New Delhi' },
  { name: 'China', adj: 'Chinese', capital: 'Beijing' },
  { name: 'Japan', adj: 'Japanese', capital: 'Tokyo' },
  { name: 'Brazil', adj: 'Brazilian', capital: 'Brasilia' },
  { name: 'Argentina', adj: 'Argentine', capital: 'Buenos Aires' },
  { name: 'Nigeria', adj: 'Nigerian', capital: 'Abuja' },
  { name: 'Kenya', adj: 'Kenyan', capital: 'Nairobi' },
  { name: 'Ethiopia', adj: 'Ethiopian', capital: 'Addis Ababa' },
  { name: 'Egypt', adj: 'Egyptian', capital: 'Cairo' },
  { name: 'Canada', adj: 'Canadian', capital: 'Ottawa' },
  { name: 'Mexico', adj: 'Mexican', capital: 'Mexico City' },
  { name: 'Spain', adj: 'Spanish', capital: 'Madrid' },
  { name: 'Italy', adj: 'Italian', capital: 'Rome' },
  { name: 'Finland', adj: 'Finnish', capital: 'Helsinki' },
  { name: 'Hungary', adj: 'Hungarian', capital: 'Budapest' },
  { name: 'Indonesia', adj: 'Indonesian', capital: 'Jakarta' },
];

export const CITY_SUFFIXES = ['abad', 'grad', 'port', 'ville', 'burg', 'stan', 'kent', 'ovo', 'sk', 'ia'] as const;

export const ROLES = [
  'Prime Minister', 'President', 'Foreign Minister', 'Health Minister', 'Energy Minister', 'Trade Minister',
  'Defence Minister', 'Deputy Prime Minister', 'Finance Minister', 'Economy Minister',
] as const;

export const OUTLETS = [
  'Caucasus Herald', 'Daily Ledger', 'Morning Courier', 'Global Wire', 'Regional Times', 'The Observer Post',
  'Eastern Tribune', 'Capital Gazette', 'World Dispatch', 'Evening Chronicle', 'Frontier News', 'Metro Journal',
  'Continental Review', 'Harbour Echo', 'Citizen Report', 'Northern Standard',
] as const;

export interface Topic {
  name: string;
  /** Countable things a figure refers to. */
  things: readonly string[];
  /** Past participle: "N doses will be delivered". */
  done: string;
  deal: string;
}

export const TOPICS: readonly Topic[] = [
  { name: 'vaccine', things: ['vaccine doses', 'syringes', 'cold-storage units'], done: 'delivered', deal: 'vaccine supply agreement' },
  { name: 'trade', things: ['tonnes of wheat', 'freight containers', 'customs licences'], done: 'shipped', deal: 'trade agreement' },
  { name: 'energy', things: ['megawatts of capacity', 'barrels of oil', 'cubic metres of gas'], done: 'supplied', deal: 'energy partnership' },
  { name: 'elections', things: ['election observers', 'polling stations', 'ballot boxes'], done: 'deployed', deal: 'election monitoring accord' },
  { name: 'prisoners', things: ['prisoners of war', 'detainees', 'civilian captives'], done: 'released', deal: 'prisoner exchange deal' },
  { name: 'border', things: ['border guards', 'checkpoints', 'kilometres of fencing'], done: 'installed', deal: 'border demarcation protocol' },
  { name: 'climate', things: ['hectares of forest', 'solar panels', 'wind turbines'], done: 'restored', deal: 'climate cooperation pact' },
  { name: 'water', things: ['water pumps', 'irrigation canals', 'reservoirs'], done: 'repaired', deal: 'water sharing treaty' },
  { name: 'railway', things: ['kilometres of track', 'locomotives', 'freight wagons'], done: 'built', deal: 'railway construction contract' },
  { name: 'tourism', things: ['visa waivers', 'charter flights', 'hotel rooms'], done: 'approved', deal: 'tourism memorandum' },
  { name: 'healthcare', things: ['hospital beds', 'ambulances', 'medical staff'], done: 'provided', deal: 'healthcare assistance programme' },
  { name: 'education', things: ['scholarships', 'school buildings', 'exchange students'], done: 'funded', deal: 'education exchange agreement' },
];

export const ORG_HEADS = ['Northern', 'Independent', 'Regional', 'National', 'Eastern', 'Civic', 'Open', 'United'] as const;
export const ORG_TAILS = [
  'Policy Institute', 'Opposition Alliance', 'Chamber of Commerce', 'Human Rights Centre', 'Farmers Union',
  'Workers Federation', 'Transparency Council', 'Energy Forum', 'Press Club', 'Bar Association',
] as const;

export const CRITIC_WORDS = ['premature', 'one-sided', 'opaque', 'a betrayal', 'rushed', 'unenforceable', 'vague', 'costly'] as const;
export const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;
export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

export const FILLER = [
  'Analysts said the talks reflected a broader shift in regional politics.',
  'The talks come amid rising tensions in the region.',
  'Further meetings are expected in the coming months.',
  'Neither side gave a timetable for the next round of negotiations.',
  'Observers described the atmosphere as constructive but cautious.',
  'The announcement was welcomed by business groups.',
  'Opposition lawmakers demanded that the full text be published.',
  'Markets reacted calmly to the news.',
  'The issue has dominated the domestic agenda for months.',
  'Diplomats said a breakthrough remained unlikely before the summer.',
  'Local residents expressed mixed feelings about the outcome.',
  'The government has faced criticism over its handling of the matter.',
  'Experts warned that implementation would be the real test.',
  'The meeting lasted nearly three hours, officials said.',
  'A joint statement was issued after the talks.',
  'Journalists were not allowed to attend the closed session.',
  'The decision is expected to be debated in parliament next month.',
  'Several international organisations praised the step.',
  'Critics say the process has lacked transparency.',
  'Public opinion on the issue remains deeply divided.',
  'The two delegations also discussed cultural cooperation.',
  'Security was tight around the venue throughout the day.',
  'Officials declined to give further details.',
  'The visit was the first of its kind in several years.',
  'Protesters gathered outside the building during the talks.',
  'Economists cautioned that the figures could change.',
  'The ministry said more information would be released later.',
  'Both leaders thanked their teams for months of preparation.',
  'Regional media followed the talks closely.',
  'Independent verification of the claims was not possible.',
];

/** Off-topic question subjects: none of these words occur anywhere in the corpus. */
export const OFF_TOPIC = [
  'What is the best recipe for sourdough bread?',
  'How many penguins live in Antarctica?',
  'Who won the saxophone competition in Montreux?',
  'What is the boiling point of mercury on Jupiter?',
  'How tall is the tallest giraffe ever recorded?',
  'Which football club signed the goalkeeper from Porto?',
  'When does the cherry blossom festival start in Kyoto?',
  'How do I repair a leaking bicycle tyre?',
  'What did the astronomers find on the comet?',
  'Who painted the mural in the cathedral crypt?',
  'How much does a violin made of carbon fibre cost?',
  'What is the population of octopuses in the aquarium?',
  'Which chess grandmaster played the knight sacrifice?',
  'How many calories are in a chocolate croissant?',
  'Where can I buy vintage vinyl records of jazz?',
] as const;
