import { useEffect, useState } from 'react';
import { AttractScreen } from './screens/attract-screen';
import { ConsentScreen } from './screens/consent-screen';
import { DeclinedScreen } from './screens/declined-screen';
import { DeviceCheckScreen } from './screens/device-check-screen';
import { DoneScreen } from './screens/done-screen';
import { QuestionScreen } from './screens/question-screen';
import { SelfIdScreen } from './screens/self-id-screen';
import { WelcomeScreen } from './screens/welcome-screen';
import { WithdrawnScreen } from './screens/withdrawn-screen';
import { SignInForm } from './staff/sign-in-form';
import { StaffShell } from './staff/staff-shell';
import { useStaffStore } from './staff/staff-store';
import { useCandidateStore } from './state/candidate-store';
import type { Connection } from './trpc';

/** Shows the screen the candidate flow is on, and a notice while the station is unreachable. */
export function App({ connection }: { connection: Connection }) {
  const screen = useCandidateStore((state) => state.screen);
  const { session, signingIn } = useStaffStore();
  const [connected, setConnected] = useState(true);
  useEffect(() => connection.onStatus(setConnected), [connection]);

  return (
    <div className="app">
      {!connected && (
        <div className="banner banner-warning" role="alert">
          Reconnecting to the station… Your answers so far are saved.
        </div>
      )}
      {session ? (
        <StaffShell session={session} />
      ) : (
        <main className="screen">{signingIn ? <SignInForm /> : renderScreen(screen)}</main>
      )}
    </div>
  );
}

function renderScreen(screen: ReturnType<typeof useCandidateStore.getState>['screen']) {
  switch (screen.name) {
    case 'attract':
      return <AttractScreen />;
    case 'welcome':
      return <WelcomeScreen checkIn={screen.checkIn} />;
    case 'consent':
      return <ConsentScreen checkIn={screen.checkIn} />;
    case 'self-id':
      return <SelfIdScreen devices={screen.devices} />;
    case 'devices':
      return <DeviceCheckScreen />;
    case 'declined':
      return <DeclinedScreen alternativePath={screen.alternativePath} />;
    case 'question':
      return <QuestionScreen first={screen.first} />;
    case 'withdrawn':
      return <WithdrawnScreen result={screen.result} />;
    case 'done':
      return <DoneScreen />;
  }
}
