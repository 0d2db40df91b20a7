// Questions asked under a digest: "tell me more about story 2" gets that story; any other question is
// answered from the digest's documents first, then from the whole store.
import type { Answer, Brief, Citation, ThreadTurn } from '../domain.js';
import type { DocumentStore } from '../store/port.js';
import { answerQuestion, DEFAULT_QA } from './answer.js';

const STORY_REF = /\b(?:story|item|number|no\.?|#)\s*(\d{1,2})\b/i;

function storyAnswer(question: string, brief: Brief, n: number): Answer {
  const story = brief.stories[n - 1];
  if (!story) {
    return { question, status: 'not_found', text: `That digest has ${brief.stories.length} ${brief.stories.length === 1 ? 'story' : 'stories'}; there is no story ${n}.`, citations: [], method: brief.method };
  }
  const citations: Citation[] = [];
  const seen = new Set<string>();
  for (const p of [...story.keyPoints, ...story.differences]) {
    for (const c of p.citations) {
      if (!seen.has(c.quote)) {
        seen.add(c.quote);
        citations.push(c);
      }
    }
  }
  const points = story.keyPoints.map((p) => `• ${p.text}${p.onlyIn ? ` (only in ${p.onlyIn})` : ''}`);
  const outlets = [...new Set(story.documents.map((d) => d.source))].join(', ');
  return { question, status: 'answered', text: [`Story ${n}: ${story.headline} (${outlets})`, ...points].join('\n'), citations, method: brief.method };
}

export async function answerInDigest(store: DocumentStore, question: string, thread: readonly ThreadTurn[], digest: Brief): Promise<Answer> {
  const ref = STORY_REF.exec(question);
  if (ref?.[1] && /\b(more|about|detail|tell|explain|expand)\b/i.test(question)) return storyAnswer(question, digest, Number(ref[1]));
  const ids = new Set(digest.stories.flatMap((s) => s.documents.map((d) => d.documentId)));
  const inDigest = await answerQuestion(store, question, thread, DEFAULT_QA, ids);
  return inDigest.status === 'answered' ? inDigest : answerQuestion(store, question, thread);
}
