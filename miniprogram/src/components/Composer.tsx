import { useState } from 'react';
import { Button, Input, View } from '@tarojs/components';

interface Props {
  onSend: (text: string) => void;
  onPickImage: () => void;
}

/** The input row: a picture, text and send (Enter or the button). */
export function Composer({ onSend, onPickImage }: Props): JSX.Element {
  const [text, setText] = useState('');
  const submit = () => {
    if (!text.trim()) return;
    onSend(text);
    setText('');
  };
  return (
    <View className='kefu-composer'>
      <Button className='kefu-image-button' aria-label='发送图片' onClick={onPickImage}>
        图片
      </Button>
      <Input
        className='kefu-input'
        value={text}
        placeholder='请输入您的问题'
        confirmType='send'
        onInput={(event) => setText(event.detail.value)}
        onConfirm={submit}
      />
      <Button className='kefu-send' onClick={submit}>
        发送
      </Button>
    </View>
  );
}
