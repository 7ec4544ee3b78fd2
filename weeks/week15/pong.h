/* pong.h — the stretch goal: a tiny Pong of our own, learned from pixels with the same REINFORCE
 * (Karpathy, "Deep Reinforcement Learning: Pong from Pixels", 2016). Only driver.c includes it
 * (`PONG=1 make week15 run`); it uses the week's functions, it is not part of the exercise.
 *
 * The court is PW x PH pixels. The agent's paddle is the right column, the opponent's the left:
 * both PADDLE pixels high. The opponent follows the ball at PONG_OPP_SPEED pixels a step, slower
 * than the ball can move vertically, so a ball returned with a steep angle beats it. The ball
 * moves one pixel a step across and vy up or down; a paddle returns it with a vertical speed set by
 * where it hits (the paddle's ends give the steepest shots). A point is +1 for the agent when the
 * opponent misses, -1 when the agent misses; a game ends when either side has PONG_POINTS.
 * The agent sees the frame and its difference from the previous frame (Karpathy's motion cue),
 * 2 * PW * PH inputs, and pushes its paddle up or down one pixel each step.
 */
#ifndef WEEK15_PONG_H
#define WEEK15_PONG_H

#include "week15.h"

#include <math.h>
#include <string.h>

#define PW 16
#define PH 16
#define PADDLE 4
#define PONG_POINTS 5
#define PONG_OPP_SPEED 0.5f
#define PONG_OBS (2 * PW * PH)

typedef struct pong {
    float bx, by, vx, vy;  /* the ball: position in pixels, velocity in pixels per step */
    float me, opp;         /* the paddles' top edges */
    int score_me, score_opp, steps;
    float prev[PW * PH];   /* the previous frame */
    wb_rng rng;
} pong;

static void pong_serve(pong *p) {
    p->bx = PW / 2.0f, p->by = 2 + (PH - 4) * wb_rng_uniform(&p->rng);
    p->vx = wb_rng_uniform(&p->rng) < 0.5f ? -1.0f : 1.0f;
    p->vy = (wb_rng_uniform(&p->rng) - 0.5f) * 1.2f;
}

static void pong_frame(const pong *p, float *f) {
    memset(f, 0, PW * PH * sizeof *f);
    int bx = (int)p->bx, by = (int)p->by;
    if (bx >= 0 && bx < PW && by >= 0 && by < PH) f[by * PW + bx] = 1.0f;
    for (int k = 0; k < PADDLE; k++) {
        int yo = (int)p->opp + k, ym = (int)p->me + k;
        if (yo >= 0 && yo < PH) f[yo * PW] = 1.0f;
        if (ym >= 0 && ym < PH) f[ym * PW + PW - 1] = 1.0f;
    }
}

/* obs (PONG_OBS) = this frame, then this frame minus the previous one */
static void pong_observe(pong *p, float *obs) {
    pong_frame(p, obs);
    for (int i = 0; i < PW * PH; i++) obs[PW * PH + i] = obs[i] - p->prev[i], p->prev[i] = obs[i];
}

static void pong_reset(pong *p, float *obs) {
    p->me = p->opp = (PH - PADDLE) / 2.0f;
    p->score_me = p->score_opp = p->steps = 0;
    memset(p->prev, 0, sizeof p->prev);
    pong_serve(p);
    pong_observe(p, obs);
}

static float clampf(float v, float lo, float hi) { return v < lo ? lo : v > hi ? hi : v; }

/* A paddle with top edge `top` returns the ball if it covers by; the ball leaves steeper off its ends. */
static int pong_hit(pong *p, float top) {
    float off = p->by - (top + PADDLE / 2.0f); /* -2 .. 2 over the paddle */
    if (fabsf(off) > PADDLE / 2.0f + 0.5f) return 0;
    p->vx = -p->vx, p->vy = clampf(off * 0.6f, -1.2f, 1.2f);
    return 1;
}

/* action 0 = up, 1 = down; returns the reward (+1, -1 or 0); *done at the end of a game */
static float pong_step(pong *p, int action, float *obs, int *done) {
    p->me = clampf(p->me + (action ? 1.0f : -1.0f), 0, PH - PADDLE);
    float target = p->by - PADDLE / 2.0f;
    p->opp = clampf(p->opp + clampf(target - p->opp, -PONG_OPP_SPEED, PONG_OPP_SPEED), 0, PH - PADDLE);
    p->bx += p->vx, p->by += p->vy;
    if (p->by < 0) p->by = -p->by, p->vy = -p->vy;
    if (p->by > PH - 1) p->by = 2 * (PH - 1) - p->by, p->vy = -p->vy;
    float r = 0;
    if (p->bx <= 0 && !pong_hit(p, p->opp)) r = 1, p->score_me++, pong_serve(p);
    else if (p->bx >= PW - 1 && !pong_hit(p, p->me)) r = -1, p->score_opp++, pong_serve(p);
    p->bx = clampf(p->bx, 0, PW - 1);
    p->steps++;
    *done = p->score_me >= PONG_POINTS || p->score_opp >= PONG_POINTS || p->steps >= 5000;
    pong_observe(p, obs);
    return r;
}

#endif
