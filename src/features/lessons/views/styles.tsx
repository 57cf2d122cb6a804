// The styles of this feature (static/css/lessons.css), linked by each of its pages and cards.
import { asset } from "../../../http/static.ts";

export const LessonStyles = () => <link rel="stylesheet" href={asset("css/lessons.css")} />;
