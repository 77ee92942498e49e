#include "ui/view.h"
#include <cstdio>

void View::draw() { std::printf("frame %d\n", Model.Frames); }
