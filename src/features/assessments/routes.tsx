// Quizzes and exams: question banks (banks, categories, versioned questions, GIFT/Aiken import and
// export), assessments in a section, students' attempts with their review phases, and the teacher's
// results with item analysis, manual grading and exports. One sub-app, mounted at "/".
import { Hono } from "hono";
import type { AppEnv } from "../../context.ts";
import { assessmentRoutes } from "./assessment-routes.tsx";
import { attemptRoutes } from "./attempt-routes.tsx";
import { bankManageRoutes } from "./bank-manage-routes.tsx";
import { bankRoutes } from "./bank-routes.tsx";
import { resultsRoutes } from "./results-routes.tsx";

export const assessmentFeatureRoutes = new Hono<AppEnv>()
  .route("/", bankRoutes)
  .route("/", bankManageRoutes)
  .route("/", assessmentRoutes)
  .route("/", attemptRoutes)
  .route("/", resultsRoutes);
